package flows

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxLocalFile caps every local file entratoken reads (the config, a
// session file, an env_file, the token cache): each is a few KiB, and
// anything bigger is not the file we mean.
const MaxLocalFile = 1 << 20

// ErrTooLarge marks a local file or input over MaxLocalFile.
var ErrTooLarge = errors.New("is larger than 1 MiB")

// ReadLocalFile reads a small regular file without ever blocking or
// reading without end: a FIFO, a device or a directory is refused at once
// (it is never opened for reading, and the open cannot block), and more
// than MaxLocalFile bytes is ErrTooLarge. A missing file is an error that
// matches fs.ErrNotExist. Errors name the path.
func ReadLocalFile(path string) ([]byte, error) {
	f, err := OpenRegular(path, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadLimited(f, path)
}

// OpenRegular opens path for reading only if it is a regular file; with
// noFollow, a symbolic link is refused too. The open does not block on a
// FIFO whatever raced in between the check and the open, and the opened
// file is checked again.
func OpenRegular(path string, noFollow bool) (*os.File, error) {
	stat := os.Stat
	if noFollow {
		stat = os.Lstat
	}
	info, err := stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(path, info); err != nil {
		return nil, err
	}
	flags := os.O_RDONLY | openNonBlocking
	if noFollow {
		flags |= openNoFollow
	}
	f, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err == nil {
		err = regular(path, info)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// regular refuses anything but a regular file, saying what it is.
func regular(path string, info fs.FileInfo) error {
	m := info.Mode()
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeSymlink != 0:
		what = "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		what = "a FIFO (named pipe)"
	case m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	default:
		what = "not a regular file"
	}
	return &fs.PathError{Op: "read", Path: path, Err: errors.New("is " + what + ", not a regular file")}
}

// ReadLimited reads r to the end, refusing more than MaxLocalFile bytes;
// name says what is read, for the error.
func ReadLimited(r io.Reader, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxLocalFile+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > MaxLocalFile {
		return nil, fmt.Errorf("%s %w; is it the right file?", name, ErrTooLarge)
	}
	return b, nil
}
