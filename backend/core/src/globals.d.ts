// The globals core may use: the ones browsers and Node share. Declared here because the package
// compiles without DOM and without Node types (see tsconfig.json).
declare function atob(data: string): string
declare function btoa(data: string): string
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean })
  decode(input?: ArrayBufferView | ArrayBuffer): string
}
