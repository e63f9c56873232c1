import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../studio/outputs/markdown";

describe("renderMarkdown(source)", () => {
  it("renderMarkdown('# T') is a heading; paragraphs join their lines", () => {
    expect(renderMarkdown("# Title\n\nline one\nline two")).toBe("<h1>Title</h1>\n<p>line one line two</p>");
  });

  it("renderMarkdown(lists) makes ul and ol", () => {
    expect(renderMarkdown("- a\n- b")).toBe("<ul><li>a</li><li>b</li></ul>");
    expect(renderMarkdown("1. a\n2. b")).toBe("<ol><li>a</li><li>b</li></ol>");
  });

  it("renderMarkdown(inline) handles bold, italic, code and links", () => {
    expect(renderMarkdown("**b** and *i* and `x*y*`")).toBe("<p><strong>b</strong> and <em>i</em> and <code>x*y*</code></p>");
    expect(renderMarkdown("[docs](https://example.com/a?b=1&c=2)")).toBe('<p><a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">docs</a></p>');
  });

  it("renderMarkdown escapes HTML: no tag or attribute of the source reaches the page", () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)"> <script>alert(1)</script>');
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;");
  });

  it("renderMarkdown drops javascript: links, keeping their text", () => {
    expect(renderMarkdown("[click](javascript:alert(1))")).not.toContain("href");
  });

  it("renderMarkdown(fenced code) keeps the code escaped and verbatim", () => {
    expect(renderMarkdown("```sql\nselect 1 < 2\n```")).toBe('<pre><code class="language-sql">select 1 &lt; 2</code></pre>');
  });
});
