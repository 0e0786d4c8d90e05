//go:build unix

package flows

import (
	"io/fs"
	"os"
	"syscall"
)

// openNonBlocking keeps an open of a FIFO from waiting for a writer.
const openNonBlocking = syscall.O_NONBLOCK

// openNoFollow makes an open fail on a symbolic link.
const openNoFollow = syscall.O_NOFOLLOW

// ownedByMe reports a file that belongs to this process's user.
func ownedByMe(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}

// othersMay reports whether a file's group or others have any of the
// permission bits in mask (e.g. 0o022: may write).
func othersMay(info fs.FileInfo, mask fs.FileMode) bool {
	return info.Mode().Perm()&mask != 0
}
