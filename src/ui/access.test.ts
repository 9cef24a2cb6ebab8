import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hostAllowed, isLoopback, newAccessToken, sameSecret } from "./access.ts";

describe("ui access", () => {
  it("tells loopback addresses apart", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) assert.ok(isLoopback(h), h);
    for (const h of ["0.0.0.0", "192.168.1.10", "::", "example.com"]) assert.ok(!isLoopback(h), h);
  });

  it("accepts only Host headers naming this server on its port", () => {
    assert.ok(hostAllowed("127.0.0.1:8642", "127.0.0.1", 8642));
    assert.ok(hostAllowed("localhost:8642", "127.0.0.1", 8642));
    assert.ok(hostAllowed("[::1]:8642", "127.0.0.1", 8642));
    assert.ok(!hostAllowed("127.0.0.1:8643", "127.0.0.1", 8642), "wrong port");
    assert.ok(!hostAllowed("evil.example:8642", "127.0.0.1", 8642), "a rebinding domain");
    assert.ok(!hostAllowed("192.168.1.5:8642", "127.0.0.1", 8642), "loopback bind, outside address");
    assert.ok(!hostAllowed(undefined, "127.0.0.1", 8642));
    assert.ok(!hostAllowed("a b:8642", "127.0.0.1", 8642));
    assert.ok(hostAllowed("192.168.1.5:9000", "0.0.0.0", 9000), "any address of the machine");
    assert.ok(!hostAllowed("nas.example:9000", "0.0.0.0", 9000));
    assert.ok(hostAllowed("nas.example:9000", "nas.example", 9000), "the name it was bound to");
  });

  it("makes long random tokens and compares secrets whatever their length", () => {
    const a = newAccessToken();
    assert.ok(a.length >= 32 && /^[\w-]+$/.test(a));
    assert.notEqual(a, newAccessToken());
    assert.ok(sameSecret(a, a));
    assert.ok(!sameSecret(a, `${a}x`));
    assert.ok(!sameSecret(a, ""));
  });
});
