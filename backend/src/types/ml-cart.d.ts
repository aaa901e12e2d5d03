// ml-cart ships no type declarations; these cover the API the trainer uses.
declare module 'ml-cart' {
  export type DecisionTreeOptions = {
    gainFunction?: 'gini'
    splitFunction?: 'mean'
    minNumSamples?: number
    maxDepth?: number
    gainThreshold?: number
  }
  export class DecisionTreeClassifier {
    constructor(options?: DecisionTreeOptions)
    train(trainingSet: number[][], trainingLabels: number[]): void
    predict(toPredict: number[][]): number[]
    toJSON(): unknown
  }
}
