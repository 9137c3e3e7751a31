// Kubernetes object names, one rule each: DNS labels (namespaces, most names) and DNS subdomains (ServiceAccounts, …).
import { z } from 'zod';

/** RFC 1123 label shape (lower-case letters, digits, inner "-"); with `isDnsLabel` also at most 63 characters. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain shape: dot-separated labels; with `isDnsSubdomain` also at most 253 characters. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for a valid DNS label (e.g. a namespace name). */
export const isDnsLabel = (value: string): boolean => value.length <= 63 && DNS_LABEL.test(value);
/** True for a valid DNS subdomain (e.g. a ServiceAccount name). */
export const isDnsSubdomain = (value: string): boolean => value.length <= 253 && DNS_SUBDOMAIN.test(value);

/** A zod string that must be a DNS label; `message` names the field's fix. */
export const dnsLabel = (message: string) => z.string().refine(isDnsLabel, { error: message });
/** A zod string that must be a DNS subdomain; `message` names the field's fix. */
export const dnsSubdomain = (message: string) => z.string().refine(isDnsSubdomain, { error: message });
