//go:build !unix

package clip

import "syscall"

// detached has no session to leave outside Unix: the process runs on as
// the parent's child.
func detached() *syscall.SysProcAttr { return nil }
