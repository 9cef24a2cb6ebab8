// Unit tests of the Notion error type: codes, exit codes, messages that guide, and redaction.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ExitCode, VaultError } from "../errors.ts";
import { describeRejection, isNotionApiError, NotionApiError, redact } from "./errors.ts";

test("NotionApiError is a VaultError with its code, exit code and call details", () => {
  const err = new NotionApiError("object_not_found", "gone", {
    endpoint: "pages.retrieve",
    attempts: 1,
    ambiguous: false,
    status: 404,
  });
  assert.ok(err instanceof VaultError);
  assert.equal(err.code, "object_not_found");
  assert.equal(err.exitCode, ExitCode.notFound);
  assert.equal(err.endpoint, "pages.retrieve");
  assert.equal(err.status, 404);
  assert.ok(isNotionApiError(err, "object_not_found"));
  assert.ok(!isNotionApiError(err, "unauthorized"));
  assert.ok(!isNotionApiError(new Error("x")));
  const unsure = new NotionApiError("notion_unavailable", "?", {
    endpoint: "pages.create",
    attempts: 1,
    ambiguous: true,
  });
  assert.equal(unsure.exitCode, ExitCode.notion);
  assert.equal(unsure.ambiguous, true);
});

test("messages say what to do: check the token, share the page", () => {
  assert.match(
    describeRejection("unauthorized", "users.me", 401, "API token is invalid."),
    /check NOTION_TOKEN/,
  );
  assert.match(
    describeRejection("object_not_found", "pages.retrieve", 404, ""),
    /not shared with the integration/,
  );
  assert.match(
    describeRejection("validation_error", "pages.create", 400, "body.parent should be defined"),
    /body\.parent should be defined/,
  );
});

test("redact removes every occurrence of the secret", () => {
  assert.equal(redact("a ntn_secret b ntn_secret", "ntn_secret"), "a [redacted] b [redacted]");
  assert.equal(redact("nothing here", "ntn_secret"), "nothing here");
  assert.equal(redact("keep", undefined), "keep");
});
