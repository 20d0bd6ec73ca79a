/** Splits `req.url` into the raw path and raw query, tolerating absolute-form request targets. */
export function splitUrl(url: string): { rawPath: string; rawQuery: string } {
  let target = url;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || '/';
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  const question = target.indexOf('?');
  return question === -1
    ? { rawPath: target, rawQuery: '' }
    : { rawPath: target.slice(0, question), rawQuery: target.slice(question + 1) };
}
