// SPDX-License-Identifier: Apache-2.0
//===- SourceManager.cpp - source buffers, line tables, positions ----------===//
#include "support/SourceManager.h"

#include "support/Assert.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace bdl::support {

FileId SourceManager::addBuffer(std::string path, std::string contents) {
  auto buf = std::make_unique<Buffer>();
  buf->path = std::move(path);
  buf->text = std::move(contents);
  buf->lineStarts.push_back(0);
  for (std::uint32_t i = 0; i < buf->text.size(); ++i)
    if (buf->text[i] == '\n') buf->lineStarts.push_back(i + 1);
  buffers_.push_back(std::move(buf));
  return static_cast<FileId>(buffers_.size());
}

std::optional<FileId> SourceManager::addFile(const std::string &path, std::string &error) {
  // Only regular files: /dev/zero or /dev/urandom would be read until
  // memory runs out, a FIFO would block. Their size is known before reading.
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    error = "no such file or it cannot be read";
    return std::nullopt;
  }
  if (std::filesystem::is_directory(status)) {
    error = "is a directory";
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    error = "not a regular file";
    return std::nullopt;
  }
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kSourceSizeLimit) {
    error = "file is larger than 64 MiB, the limit for a source file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) {
    error = "no such file or it cannot be read";
    return std::nullopt;
  }
  // Read at most one byte past the limit, in case the file grew meanwhile.
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  char extra[4096];
  while (in.read(extra, sizeof extra) || in.gcount() > 0) {
    text.append(extra, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kSourceSizeLimit) {
      error = "file is larger than 64 MiB, the limit for a source file";
      return std::nullopt;
    }
  }
  return addBuffer(path, std::move(text));
}

std::optional<FileId> SourceManager::findFile(const std::string &path) const {
  for (std::size_t i = 0; i < buffers_.size(); ++i)
    if (buffers_[i]->path == path) return static_cast<FileId>(i + 1);
  return std::nullopt;
}

const SourceManager::Buffer &SourceManager::buffer(FileId id) const {
  BDL_ASSERT(id >= 1 && id <= buffers_.size(), "invalid FileId");
  return *buffers_[id - 1];
}

std::string_view SourceManager::path(FileId id) const { return buffer(id).path; }
std::string_view SourceManager::text(FileId id) const { return buffer(id).text; }

std::string_view SourceManager::text(SourceRange r) const {
  std::string_view t = text(r.file);
  std::uint32_t b = std::min<std::uint32_t>(r.begin, t.size());
  std::uint32_t e = std::min<std::uint32_t>(std::max(r.end, b), t.size());
  return t.substr(b, e - b);
}

unsigned codePointCount(std::string_view s) {
  unsigned n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

LineCol SourceManager::lineCol(FileId id, std::uint32_t offset) const {
  const Buffer &b = buffer(id);
  offset = std::min<std::uint32_t>(offset, b.text.size());
  auto it = std::upper_bound(b.lineStarts.begin(), b.lineStarts.end(), offset);
  unsigned line = static_cast<unsigned>(it - b.lineStarts.begin());
  std::uint32_t start = b.lineStarts[line - 1];
  std::string_view prefix(b.text.data() + start, offset - start);
  return {line, codePointCount(prefix) + 1};
}

unsigned SourceManager::lineCount(FileId id) const {
  return static_cast<unsigned>(buffer(id).lineStarts.size());
}

std::string_view SourceManager::lineText(FileId id, unsigned line) const {
  const Buffer &b = buffer(id);
  if (line == 0 || line > b.lineStarts.size()) return {};
  std::uint32_t s = b.lineStarts[line - 1];
  std::uint32_t e = line < b.lineStarts.size() ? b.lineStarts[line] - 1 : b.text.size();
  std::string_view v(b.text.data() + s, e - s);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

std::uint32_t SourceManager::offsetOf(FileId id, unsigned line, unsigned col) const {
  const Buffer &b = buffer(id);
  if (line == 0) line = 1;
  if (line > b.lineStarts.size()) return b.text.size();
  std::uint32_t off = b.lineStarts[line - 1];
  std::string_view lt = lineText(id, line);
  unsigned seen = 1;
  std::uint32_t i = 0;
  while (i < lt.size() && seen < col) {
    ++i;
    while (i < lt.size() && (static_cast<unsigned char>(lt[i]) & 0xC0) == 0x80) ++i;
    ++seen;
  }
  return off + i;
}

} // namespace bdl::support
