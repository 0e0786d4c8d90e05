package config

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/entratoken/entratoken/flows"
)

// DefaultLockTimeout is how long a save waits for another entratoken that
// is saving the same file.
const DefaultLockTimeout = 5 * time.Second

// Store saves changes to the target list. Each change locks the file,
// re-reads it and edits only the one entry, so comments and changes made
// meanwhile by the user or another entratoken survive.
type Store struct {
	Path string
	// LockTimeout bounds the wait for another process's save; zero means
	// DefaultLockTimeout.
	LockTimeout time.Duration
}

// AddTarget appends t to the list. A target that is already saved is an
// error wrapping ErrTargetExists: the user meant to edit it.
func (s Store) AddTarget(t SavedTarget) error {
	if err := checkSaved(t); err != nil {
		return err
	}
	return s.edit(func(f *document) error {
		if i := f.find(t.Target); i >= 0 {
			return fmt.Errorf("target %s is %w in %s (line %d); edit that entry instead", t.Target, ErrTargetExists, s.Path, f.line(i))
		}
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		setEntry(m, t)
		list := f.targets()
		list.Content = append(list.Content, m)
		list.Style &^= yaml.FlowStyle // "targets: []" grows into a block list
		return nil
	})
}

// UpdateTarget rewrites old's entry to say t, in place: it keeps its
// position and its comments. Renaming it onto another saved target is an
// error wrapping ErrTargetExists.
func (s Store) UpdateTarget(old flows.Target, t SavedTarget) error {
	if err := checkSaved(t); err != nil {
		return err
	}
	return s.edit(func(f *document) error {
		i := f.find(old)
		if i < 0 {
			return fmt.Errorf("target %s is %w in %s; nothing to update", old, ErrTargetNotFound, s.Path)
		}
		if j := f.find(t.Target); j >= 0 && j != i {
			return fmt.Errorf("target %s is %w in %s (line %d); edit or remove that entry instead", t.Target, ErrTargetExists, s.Path, f.line(j))
		}
		setEntry(f.targets().Content[i], t)
		return nil
	})
}

// RemoveTarget deletes t's entry (and the comments on it).
func (s Store) RemoveTarget(t flows.Target) error {
	return s.edit(func(f *document) error {
		i := f.find(t)
		if i < 0 {
			return fmt.Errorf("target %s is %w in %s; nothing to remove", t, ErrTargetNotFound, s.Path)
		}
		list := f.targets()
		list.Content = slices.Delete(list.Content, i, i+1)
		return nil
	})
}

// checkSaved refuses an entry the loader would refuse, before any I/O.
func checkSaved(t SavedTarget) error {
	if got, err := flows.ParseTarget(t.Target.String()); err != nil || got != t.Target {
		if err == nil {
			err = fmt.Errorf("target %q is not in canonical form", t.Target)
		}
		return fmt.Errorf("not saved: %w", err)
	}
	switch t.Flow {
	case "", flows.OBO, flows.M2M:
	default:
		return fmt.Errorf("not saved: flow %q is not obo or m2m", t.Flow)
	}
	switch t.Source {
	case "", flows.ViaGenerator, flows.ViaTexas, flows.ViaEntra:
	default:
		return fmt.Errorf("not saved: source %q is not generator, texas or entra", t.Source)
	}
	if what := looksSecret(t.Note); what != "" {
		return fmt.Errorf("not saved: the note %s; %s", what, secretAdvice)
	}
	return nil
}

// edit runs one change under the lock, on the file as it is now.
func (s Store) edit(change func(f *document) error) error {
	path, err := resolveLinks(s.Path)
	if err != nil {
		return err
	}
	// A path that is no file (a FIFO, a device) is refused before a lock
	// file is made beside it.
	if _, err := readFile(path); err != nil {
		return err
	}
	unlock, err := lock(path, cmp.Or(s.LockTimeout, DefaultLockTimeout))
	if err != nil {
		return err
	}
	defer unlock()
	removeStaleTemps(path)
	raw, err := readFile(path)
	if err != nil {
		return err
	}
	doc, _, err := parse(path, raw)
	if err != nil {
		return fmt.Errorf("not saved: fix the config file first:\n%w", err)
	}
	f := newDocument(raw, doc)
	if err := change(f); err != nil {
		return err
	}
	out, err := f.bytes()
	if err != nil {
		return err
	}
	// Never write what we could not read back.
	if _, _, err := parse(path, out); err != nil {
		return fmt.Errorf("not saved: the edited file would not load (please report this): %w", err)
	}
	return writeAtomic(path, out)
}
