// Unit tests of finding file objects inside API answers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { contentTypeOf, findFiles } from "./media.ts";

test("hosted and external files are found with their paths, wherever they sit", () => {
  const page = {
    object: "page",
    cover: { type: "external", external: { url: "https://img.example.com/c.png" } },
    icon: { type: "file", file: { url: "https://s3.example.com/ws/1/icon.png?sig=x", expiry_time: "t" } },
    properties: {
      Files: {
        type: "files",
        files: [
          { name: "Spec.pdf", type: "file", file: { url: "https://s3.example.com/ws/2/spec.pdf?sig=y" } },
        ],
      },
    },
  };
  const found = findFiles(page);
  assert.deepEqual(
    found.map((f) => [f.path.join("."), f.hosted, f.name]),
    [
      ["cover", false, "c.png"],
      ["icon", true, "icon.png"],
      ["properties.Files.files.0", true, "Spec.pdf"],
    ],
  );
  // Comment attachments carry no `type`; a file block's own `file` key holds the file object.
  const comment = { attachments: [{ category: "image", file: { url: "https://s3.example.com/a/b.png" } }] };
  assert.deepEqual(findFiles(comment)[0]?.path, ["attachments", 0]);
  const block = {
    type: "file",
    file: { type: "file", file: { url: "https://s3.example.com/x/r.zip" }, name: "r.zip" },
  };
  assert.deepEqual(
    findFiles(block).map((f) => f.path),
    [["file"]],
  );
  assert.deepEqual(findFiles({ type: "paragraph", paragraph: { rich_text: [] } }), []);
});

test("content types are guessed from file names", () => {
  assert.equal(contentTypeOf("a.PNG"), "image/png");
  assert.equal(contentTypeOf("doc.pdf"), "application/pdf");
  assert.equal(contentTypeOf("noext"), "application/octet-stream");
});
