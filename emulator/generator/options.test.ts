import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_OPTIONS, parseGenerateOptions, validateOptions } from "./options.ts";

test("a spec sets the named options and keeps defaults for the rest", () => {
  const opts = parseGenerateOptions("pages=100,depth=3,seed=7,rows=50");
  assert.equal(opts.pages, 100);
  assert.equal(opts.depth, 3);
  assert.equal(opts.seed, 7);
  assert.equal(opts.rowsPerDatabase, 50);
  assert.equal(opts.databases, DEFAULT_OPTIONS.databases);
});

test("long names, sizes, booleans and sharing parse", () => {
  const opts = parseGenerateOptions(
    " blocksPerPage=2.5, relations=4, comments=0, media=3, mediaSize=64k, users=30, shared=some, unsupported=false ",
  );
  assert.equal(opts.blocksPerPage, 2.5);
  assert.equal(opts.relationsPerRow, 4);
  assert.equal(opts.commentsPerPage, 0);
  assert.equal(opts.mediaFiles, 3);
  assert.equal(opts.mediaSize, 65536);
  assert.equal(opts.users, 30);
  assert.equal(opts.shared, "some");
  assert.equal(opts.unsupported, false);
  assert.equal(parseGenerateOptions("mediaSize=2m").mediaSize, 2 * 1024 * 1024);
  assert.deepEqual(parseGenerateOptions(""), { ...DEFAULT_OPTIONS });
});

test("unknown keys and bad values are rejected with a clear message", () => {
  assert.throws(() => parseGenerateOptions("pagez=3"), /unknown generator option "pagez"/);
  assert.throws(() => parseGenerateOptions("pages"), /needs a value/);
  assert.throws(() => parseGenerateOptions("pages=-1"), /whole number/);
  assert.throws(() => parseGenerateOptions("pages=1.5"), /whole number/);
  assert.throws(() => parseGenerateOptions("pages=0"), /at least 1/);
  assert.throws(() => parseGenerateOptions("shared=none"), /"all" or "some"/);
  assert.throws(() => parseGenerateOptions("mediaSize=lots"), /byte count/);
  assert.throws(() => validateOptions({ depth: 0 }), /depth/);
});
