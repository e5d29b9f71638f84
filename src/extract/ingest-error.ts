// The error of an article input that cannot be read, naming the source (and line): its own
// module so that the CLI can tell it apart without loading the news reader.
export class IngestError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
