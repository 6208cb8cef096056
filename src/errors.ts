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

/** Plain words for the file-system errors a user can act on (disk full, read-only, …). */
export function ioProblem(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case "ENOSPC":
      return "no space left on the disk";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EFBIG":
      return "a file grew past the size this system allows";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "EIO":
      return "input/output error on the disk";
    default:
      return String(err?.message ?? e).split("\n")[0]!;
  }
}
