// `--resolve NAME=ADDRESS` (as curl's --resolve): answer some host names with a fixed address, e.g. a
// local mirror, or the benchmark's virtual hosts (`*.bench.test=127.0.0.1`). Everything else is resolved
// as usual.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { QueueError } from "./errors.ts";

export interface ResolveRule {
  /** A name, or `*.suffix` for every name under suffix (and suffix itself). */
  pattern: string;
  address: string;
}

/** Parses `NAME=ADDRESS` (pure). */
export function planResolve(spec: string): ResolveRule {
  const m = /^((?:\*\.)?[a-z0-9.-]+)=(.+)$/i.exec(spec.trim());
  if (!m || !isIP(m[2]!))
    throw new QueueError("BAD_OPTION", spec, `--resolve takes NAME=ADDRESS or *.DOMAIN=ADDRESS (got '${spec}')`);
  return { pattern: m[1]!.toLowerCase(), address: m[2]! };
}

function matches(rule: ResolveRule, hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (!rule.pattern.startsWith("*.")) return h === rule.pattern;
  const suffix = rule.pattern.slice(2);
  return h === suffix || h.endsWith(`.${suffix}`);
}

/** A `lookup` for the crawl's connections that applies the rules first. */
export function resolvingLookup(rules: readonly ResolveRule[]): LookupFunction {
  return (hostname, options, callback) => {
    const rule = rules.find((r) => matches(r, hostname));
    if (!rule) {
      dnsLookup(hostname, options, callback);
      return;
    }
    const family = isIP(rule.address);
    if (options.all) callback(null, [{ address: rule.address, family }] as LookupAddress[]);
    else callback(null, rule.address, family);
  };
}
