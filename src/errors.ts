/**
 * An error meant for the user: a one-line message naming the file or setting at fault,
 * and a hint with the next step. Faces print these without a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    public hint?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}
