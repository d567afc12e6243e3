/** An HTTP error of the PyPI endpoint that is not an engine error (upstream failures, 404s of pages). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
