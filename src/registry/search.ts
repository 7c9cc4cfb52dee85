/** A LIKE pattern for "contains `text`", with % _ and \ escaped (use with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
