package session

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/entratoken/entratoken/flows"
)

// maxFile caps what a session file may hold: a cookie is a few hundred
// bytes, so anything bigger is not a file we wrote.
const maxFile = 64 << 10

// File keeps each generator's session in its own file in Dir: the folder
// 0700, the file 0600, written whole by rename so a reader never sees half
// of one. One file per generator needs no lock: two runs keeping sessions
// for different generators cannot overwrite each other.
type File struct {
	Dir string
}

// Kind is KindFile.
func (f *File) Kind() Kind { return KindFile }

// Path is the file that holds generator's session: named by a hash of the
// URL, which is no secret but has characters a file name cannot.
func (f *File) Path(generator string) string {
	sum := sha256.Sum256([]byte(normal(generator)))
	return filepath.Join(f.Dir, "session-"+hex.EncodeToString(sum[:8])+".json")
}

// Load reads generator's file. A file that is damaged, or holds another
// generator's session, counts as nothing kept: it is overwritten by the
// next Keep.
func (f *File) Load(generator string) (Kept, error) {
	path := f.Path(generator)
	// Never a FIFO, a device or a link: opening one could block, or read
	// what is not ours.
	fh, err := flows.OpenRegular(path, true)
	if errors.Is(err, fs.ErrNotExist) {
		return Kept{}, ErrNotKept
	}
	if err != nil {
		return Kept{}, fmt.Errorf("the session file: %w; remove it", err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return Kept{}, fmt.Errorf("reading the session file %s: %w", path, err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		_ = fh.Chmod(0o600) // best effort: the next Keep writes a 0600 file anyway
	}
	b, err := io.ReadAll(io.LimitReader(fh, maxFile+1))
	if err != nil {
		return Kept{}, fmt.Errorf("reading the session file %s: %w", path, err)
	}
	k, ok := decode(b, generator)
	if !ok {
		return Kept{}, ErrNotKept
	}
	k.Place = Place{Kind: KindFile, Path: path}
	return k, nil
}

// decode reads a kept session as Keep wrote it, for generator only.
func decode(b []byte, generator string) (Kept, bool) {
	var k Kept
	if len(b) > maxFile || json.Unmarshal(b, &k) != nil || k.Cookie == "" || normal(k.Generator) != normal(generator) {
		return Kept{}, false
	}
	return k, true
}

// encode is the stored form of k: JSON, the same in a file and a keyring.
func encode(k Kept) ([]byte, error) {
	k.Generator = normal(k.Generator)
	b, err := json.Marshal(k)
	if err != nil {
		return nil, errors.New("cannot encode the session")
	}
	return b, nil
}

// Keep writes k's file atomically: os.CreateTemp makes it 0600, and the
// rename replaces the old one whole.
func (f *File) Keep(k Kept) (Place, error) {
	b, err := encode(k)
	if err != nil {
		return Place{}, err
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return Place{}, fmt.Errorf("keeping the session: %w", err)
	}
	_ = os.Chmod(f.Dir, 0o700) // an older, wider folder is ours to tighten
	path := f.Path(k.Generator)
	tmp, err := os.CreateTemp(f.Dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return Place{}, fmt.Errorf("keeping the session: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return Place{}, fmt.Errorf("keeping the session in %s: %w", f.Dir, err)
	}
	return Place{Kind: KindFile, Path: path}, nil
}

// Forget removes generator's file.
func (f *File) Forget(generator string) (Place, error) {
	path := f.Path(generator)
	switch err := os.Remove(path); {
	case errors.Is(err, fs.ErrNotExist):
		return Place{}, nil
	case err != nil:
		return Place{}, fmt.Errorf("forgetting the session: %w", err)
	}
	return Place{Kind: KindFile, Path: path}, nil
}
