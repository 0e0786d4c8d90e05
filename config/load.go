package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/entratoken/entratoken/flows"
)

// Default is the configuration of a user with no config file.
func Default() *Config {
	return &Config{
		GeneratorURL:   DefaultGeneratorURL,
		Timeout:        DefaultTimeout,
		ExpiryMargin:   DefaultExpiryMargin,
		ClipboardClear: DefaultClipboardClear,
		AutoRefresh:    true,
		SessionStore:   DefaultSessionStore,
	}
}

// Load reads and validates the config file at path. A missing file is not
// an error: the user simply has not saved anything yet. Any problem in the
// file is a *FileError naming its line and key.
func Load(path string) (*Config, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	_, cfg, err := parse(path, data)
	return cfg, err
}

// readFile returns the file's bytes, or nil when it does not exist yet. It
// never blocks and never reads without end: a FIFO, a device or a
// directory is refused at once, and so is a file over 1 MiB.
func readFile(path string) ([]byte, error) {
	data, err := flows.ReadLocalFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case errors.Is(err, flows.ErrTooLarge):
		return nil, &FileError{Path: path, Problems: []Problem{{Msg: "is larger than 1 MiB; is this really entratoken's config file?"}}}
	case err != nil:
		return nil, fmt.Errorf("cannot read the config file: %w", err)
	}
	return data, nil
}

// parse turns a file's bytes into its node tree (for saving) and its values
// (defaults filled in). The tree is a zero Node when the file holds no YAML
// document, e.g. only comments.
func parse(path string, data []byte) (*yaml.Node, *Config, error) {
	cfg := Default()
	cfg.Path = path
	if line, ok := firstNonUTF8Line(data); !ok {
		// yaml.v3 would read a UTF-16 byte order mark as a different
		// encoding and saving would then write a file it cannot load.
		return nil, nil, &FileError{Path: path, Problems: []Problem{{Line: line, Msg: "is not UTF-8 text: save the file as UTF-8"}}}
	}
	doc, problems := parseYAML(data)
	if problems == nil && doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 && !isNull(doc.Content[0]) {
		d := &decoder{skip: map[*yaml.Node]bool{}, dir: filepath.Dir(path)}
		d.scanSecrets(doc, "")
		d.root(doc.Content[0], cfg)
		problems = d.problems
	}
	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b Problem) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		})
		return nil, nil, &FileError{Path: path, Problems: problems}
	}
	return doc, cfg, nil
}

// firstNonUTF8Line finds the line of the first byte that is not UTF-8;
// ok is true when there is none.
func firstNonUTF8Line(data []byte) (line int, ok bool) {
	if utf8.Valid(data) {
		return 0, true
	}
	for i, l := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(l) {
			return i + 1, false
		}
	}
	return 1, false
}

// parseYAML reads the one YAML document the file may hold.
func parseYAML(data []byte) (*yaml.Node, []Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	doc := &yaml.Node{}
	if err := dec.Decode(doc); err != nil && err != io.EOF {
		return nil, []Problem{syntaxProblem(err, data)}
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, []Problem{{Line: next.Line, Msg: "a second YAML document starts here; the config file holds only one (remove the ---)"}}
	case err != io.EOF:
		return nil, []Problem{syntaxProblem(err, data)}
	}
	return doc, nil
}
