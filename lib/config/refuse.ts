import type { z } from 'zod';

/** Reports `message` about the value at `path` (relative to the refined object), as every config rule does. */
export function refuse(ctx: z.RefinementCtx, path: (string | number)[], input: unknown, message: string): void {
  // Stryker disable next-line StringLiteral: the issue code is never shown: load.ts reports a custom issue by path, value and message only
  ctx.addIssue({ code: 'custom', path, input, message });
}
