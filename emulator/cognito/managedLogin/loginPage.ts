/** Escapes text for HTML element content and double-quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * Managed login's sign-in page: a plain form that posts username and password back to `/login`
 * with the authorization request's query string. `error` is shown above the form.
 */
export function loginPage(query: string, username = '', error?: string): string {
  const alert = error ? `<p role="alert">${escapeHtml(error)}</p>\n` : '';
  return page(
    'Sign in',
    `<h1>Sign in</h1>
${alert}<form method="post" action="/login?${escapeHtml(query)}">
<label>Username <input name="username" autocomplete="username" value="${escapeHtml(username)}" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** The hosted `/error` page; Cognito shows only this sentence, the cause is in the URL. */
export function errorPage(): string {
  return page('Error', '<h1>An error was encountered with the requested page.</h1>');
}
