package config

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong in a config file, placed so an editor can jump
// to it.
type Problem struct {
	Line, Column int    // 1-based; 0 when not known
	Key          string // e.g. targets[1].flow; "" for the file as a whole
	Msg          string
}

// FileError lists everything wrong with one config file at once, so the user
// fixes it in one go instead of one error per run.
type FileError struct {
	Path     string
	Problems []Problem
}

// maxShown keeps a badly broken file from flooding the terminal.
const maxShown = 10

// Error lists the problems one per line as path:line:column: key: message,
// the form editors and terminals make clickable.
func (e *FileError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i == maxShown {
			fmt.Fprintf(&b, "\n(and %d more problems)", len(e.Problems)-maxShown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Path)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
			if p.Column > 0 {
				fmt.Fprintf(&b, ":%d", p.Column)
			}
		}
		b.WriteString(": ")
		if p.Key != "" {
			b.WriteString(p.Key + ": ")
		}
		b.WriteString(p.Msg)
	}
	return b.String()
}

// Errors a form can check for with errors.Is, to show them next to the
// target field.
var (
	ErrTargetExists   = errors.New("already saved")
	ErrTargetNotFound = errors.New("not saved")
)

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// parserProblems are yaml.v3's parser (not scanner) errors: it prints their
// line 0-based, and leaves the line out when it is 0.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// syntaxProblem turns a yaml.v3 parse error into a Problem with a 1-based
// line, finding the line itself where the library gives none.
func syntaxProblem(err error, data []byte) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	switch {
	case parserProblems[msg]:
		line++
	case line == 0:
		line = guessLine(msg, data)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if line > len(lines) { // the end of the file: the last line is nearer the mistake
		line = len(lines)
	}
	if strings.Contains(msg, "tab character") { // yaml.v3 names the line before the tab
		for i := max(line, 1); i <= len(lines); i++ {
			if tabIndented(lines[i-1]) {
				line = i
				break
			}
		}
	}
	if line > 0 && tabIndented(lines[line-1]) {
		msg += " (indent with spaces, not tabs)"
	}
	return Problem{Line: line, Msg: "YAML syntax error: " + msg}
}

func tabIndented(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " "), "\t")
}

// guessLine places the errors yaml.v3 reports without a line: bad bytes, an
// unknown alias, and scanner errors on the first line.
func guessLine(msg string, data []byte) int {
	if strings.Contains(msg, "UTF-8") || strings.Contains(msg, "control characters") {
		if off := badByte(data); off >= 0 {
			return lineAt(data, off)
		}
		return 0
	}
	if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		name = strings.TrimSuffix(name, "' referenced")
		if i := strings.Index(string(data), "*"+name); i >= 0 {
			return lineAt(data, i)
		}
		return 0
	}
	if strings.HasPrefix(msg, "found ") || strings.HasPrefix(msg, "mapping values") {
		return 1
	}
	return 0
}

// badByte is the offset of the first character YAML refuses (invalid UTF-8
// or outside YAML's printable set), or -1.
func badByte(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 || !yamlPrintable(r) {
			return i
		}
		i += size
	}
	return -1
}

// yamlPrintable is YAML 1.2's c-printable, as yaml.v3's reader checks it.
func yamlPrintable(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == 0x85:
		return true
	case r >= 0x20 && r <= 0x7e, r >= 0xa0 && r <= 0xd7ff:
		return true
	case r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= 0x10ffff:
		return true
	}
	return false
}

func lineAt(data []byte, off int) int {
	return strings.Count(string(data[:off]), "\n") + 1
}
