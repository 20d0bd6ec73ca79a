/**
 * Where Cognito says it sent a code, masked: the first letter of each side and the domain's last
 * label, "d***@e***.com", as EMAIL_OTP payloads quoted in client projects' tests show (not checked
 * against a live pool).
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  const domain = at < 0 ? '' : email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local.charAt(0)}***@${domain.charAt(0)}***${tld}`;
}
