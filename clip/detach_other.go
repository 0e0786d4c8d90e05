//go:build !unix && !windows

package clip

import "syscall"

// detached has no session to leave on systems that are neither Unix nor
// Windows: the process runs on as the parent's child.
func detached() *syscall.SysProcAttr { return nil }
