import { DomainRuleException } from './domain-rule.exception';

export const NAME_MAX_LENGTH = 100;

/** Names people type: trimmed, not empty, bounded. */
export function requireName(value: string, field = 'name'): string {
  const name = value.trim();
  if (name.length === 0) throw new DomainRuleException('VALIDATION_FAILED', `${field} must not be empty`, field);
  if (name.length > NAME_MAX_LENGTH) {
    throw new DomainRuleException('VALIDATION_FAILED', `${field} must be at most ${NAME_MAX_LENGTH} characters`, field);
  }
  return name;
}

const currencies = new Set(Intl.supportedValuesOf('currency'));
const timeZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export function requireCurrency(value: string, field = 'currency'): string {
  if (!currencies.has(value)) {
    throw new DomainRuleException(
      'VALIDATION_FAILED',
      `${field} must be an ISO 4217 code such as EUR (got "${value}")`,
      field,
    );
  }
  return value;
}

export function requireTimeZone(value: string, field = 'timeZone'): string {
  if (!timeZones.has(value)) {
    throw new DomainRuleException(
      'VALIDATION_FAILED',
      `${field} must be an IANA time zone such as Europe/Paris (got "${value}")`,
      field,
    );
  }
  return value;
}

const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

/** Shop domains: lower-cased host names, no scheme or path, no duplicates. */
export function requireDomains(values: readonly string[], field = 'domains', max = 20): string[] {
  if (values.length > max)
    throw new DomainRuleException('VALIDATION_FAILED', `${field} may list at most ${max} entries`, field);
  const domains = values.map((value) => value.trim().toLowerCase());
  for (const domain of domains) {
    if (!HOSTNAME.test(domain)) {
      throw new DomainRuleException(
        'VALIDATION_FAILED',
        `${field} must be host names such as shop.example.com (got "${domain}")`,
        field,
      );
    }
  }
  return [...new Set(domains)];
}

/** Browser origins allowed to send with a write key: scheme, host and optional port, nothing else. */
export function requireOrigins(values: readonly string[], field = 'allowedOrigins', max = 50): string[] {
  if (values.length > max)
    throw new DomainRuleException('VALIDATION_FAILED', `${field} may list at most ${max} entries`, field);
  const origins = values.map((value) => {
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      throw new DomainRuleException(
        'VALIDATION_FAILED',
        `${field} must be origins such as https://shop.example.com (got "${value}")`,
        field,
      );
    }
    const secure =
      url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname));
    if (!secure || url.origin === 'null' || `${url.origin}/` !== url.href) {
      throw new DomainRuleException(
        'VALIDATION_FAILED',
        `${field} must be https origins (http only for localhost), without a path (got "${value}")`,
        field,
      );
    }
    return url.origin;
  });
  return [...new Set(origins)];
}
