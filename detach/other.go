//go:build !unix && !windows

package detach

import "syscall"

// Attr has no session to leave on systems that are neither Unix nor
// Windows: the process runs on as the parent's child.
func Attr() *syscall.SysProcAttr { return nil }
