/**
 * Words for a POSIX shell. The one quoting rule of everything the project writes for a shell to read: install.sh,
 * the keys command's env file and the commands of INSTALL.md.
 */

/** Characters that no POSIX shell treats specially anywhere in a word (no expansion, globbing, splitting or tilde). */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * `value` as one inert shell word: as it is when every character is plain (so a runbook stays readable), else
 * single-quoted with each embedded ' written as '\'' (nothing inside single quotes is expanded). The empty string
 * is ''.
 */
export function shellQuote(value: string): string {
  return PLAIN_WORD.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
