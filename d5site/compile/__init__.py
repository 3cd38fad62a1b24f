"""The site compiler: everything d5site adds to a site, per locale, for any engine (MkDocs, Zensical).

Layer between d5site.render (pages, feeds, open data) and the engine adapters
(d5site.mkdocs, and a Zensical adapter): it imports no engine. An adapter
builds a `SiteCompiler` once per build, then asks it, per locale, for
generated pages (Markdown carrying their state as `d5site:` front matter), the
navigation plan, the 404 page's context and the static files (feed, open
data). See `SiteCompiler` and `LocaleCompiler`.
"""

from d5site.compile.compiler import CompileError, EngineSettings, LocaleCompiler, SiteCompiler, compile_site
from d5site.compile.frontmatter import FRONT_MATTER_KEY
from d5site.compile.nav import NavPlan
from d5site.compile.state import PageState

__all__ = ["FRONT_MATTER_KEY", "CompileError", "EngineSettings", "LocaleCompiler", "NavPlan", "PageState", "SiteCompiler", "compile_site"]
