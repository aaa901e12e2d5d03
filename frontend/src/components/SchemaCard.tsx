import type { DatasetSchema } from '@veritree/core/api'

/** The columns a test set must have, and the classes its labels may take. */
export function SchemaCard({ schema }: { schema: DatasetSchema }) {
  return (
    <section className="card">
      <h2>Schema</h2>
      <p className="muted">
        A test set needs these {schema.features.length} numeric feature columns and a{' '}
        <code>{schema.labelColumn}</code> label column.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th className="num" style={{ width: '3rem' }}>
                #
              </th>
              <th>Feature</th>
            </tr>
          </thead>
          <tbody>
            {schema.features.map((feature, index) => (
              <tr key={feature}>
                <td className="num">{index + 1}</td>
                <td>{feature}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 style={{ marginTop: '1rem' }}>Classes ({schema.classes.length})</h3>
      <div className="row">
        {schema.classes.map((name) => (
          <span key={name} className="badge">
            {name}
          </span>
        ))}
      </div>
    </section>
  )
}
