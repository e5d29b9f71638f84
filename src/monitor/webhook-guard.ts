// Webhooks are URLs that users give and the server calls: without a guard they reach what only
// the server can reach (the cloud metadata service at 169.254.169.254, a database on
// localhost, the private network). A webhook is https, and its host must resolve to public
// addresses only, checked when it is set and again at every delivery (the name may resolve
// elsewhere later). SANCTRACE_WEBHOOK_ALLOW_PRIVATE=1 is the admin's setting for hooks on a
// private network (and the tests' local receiver): it allows http and private addresses.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96]] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

export const allowPrivateWebhooks = () => /^(1|true|yes|on)$/iu.test(process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE ?? '');

/** True for loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's shape: https (http only with the admin setting), no credentials in it. Throws with the reason. */
export function checkWebhookShape(url: string, allowPrivate = allowPrivateWebhooks()): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`webhook '${url}': not a URL`);
  }
  if (parsed.protocol !== 'https:' && !(allowPrivate && parsed.protocol === 'http:')) throw new Error(`webhook '${url}': https only (http needs SANCTRACE_WEBHOOK_ALLOW_PRIVATE=1)`);
  if (parsed.username || parsed.password) throw new Error(`webhook '${url}': no credentials in the URL (deliveries are signed instead)`);
  return parsed;
}

/** The whole check before a call: shape, then every address the host resolves to is public. Throws with the reason. */
export async function checkWebhookTarget(url: string, allowPrivate = allowPrivateWebhooks()): Promise<void> {
  const parsed = checkWebhookShape(url, allowPrivate);
  if (allowPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/gu, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  const blocked = addresses.find(isPrivateAddress);
  if (blocked) throw new Error(`webhook '${url}': ${host} is a private, loopback or link-local address (${blocked}); refused`);
}
