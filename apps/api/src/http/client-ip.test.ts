import { describe, expect, it } from "vitest";
import { addressBehindProxies, networkOf } from "./client-ip.ts";

describe("the client address behind trusted proxies", () => {
  it("believes no X-Forwarded-For without a trusted proxy", () => {
    expect(addressBehindProxies("203.0.113.9", "198.51.100.1", 0)).toBe("203.0.113.9");
  });

  it("takes the entry our one proxy appended, never the ones the client wrote before it", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; Caddy appended the address it heard from.
    expect(addressBehindProxies("127.0.0.1", "1.2.3.4, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(addressBehindProxies("127.0.0.1", "203.0.113.9", 1)).toBe("203.0.113.9");
  });

  it("counts hops from the right behind two proxies (CDN, then Caddy)", () => {
    expect(addressBehindProxies("127.0.0.1", "6.6.6.6, 203.0.113.9, 192.0.2.7", 2)).toBe("203.0.113.9");
  });

  it("takes the leftmost entry when there are fewer entries than proxies", () => {
    expect(addressBehindProxies("127.0.0.1", "203.0.113.9", 3)).toBe("203.0.113.9");
  });

  it("counts an IPv6 client by its /64 and an IPv4 client by its address", () => {
    expect(networkOf("2001:db8:1:2:aaaa::1")).toBe("2001:0db8:0001:0002::/64");
    expect(networkOf("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:0db8:0001:0002::/64");
    expect(networkOf("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(networkOf("203.0.113.9")).toBe("203.0.113.9");
  });
});
