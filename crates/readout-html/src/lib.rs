//! Read a news page: the article's main text without boilerplate, and its metadata (title,
//! publication date, canonical URL, outlet), with the page's own character set.
