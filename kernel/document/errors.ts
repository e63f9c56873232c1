/** A notebook that cannot be read: the message names the JSON path. */
export class NotebookError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(message: string, issues: { path: string; message: string }[] = []) {
    super(message);
    this.name = "NotebookError";
    this.issues = issues;
  }
}
