//go:build !unix

package flows

import "io/fs"

// openNonBlocking is not needed where a named pipe is no file path.
const openNonBlocking = 0

// openNoFollow is not available; OpenRegular's Lstat still refuses a link.
const openNoFollow = 0

// ownedByMe cannot be told from a FileInfo here; per-user folders such as
// %LocalAppData% are private to the user already.
func ownedByMe(fs.FileInfo) bool { return true }

// othersMay is false: here, permission bits do not say who may write.
func othersMay(fs.FileInfo, fs.FileMode) bool { return false }
