//go:build unix

package clip

import "syscall"

// detached puts the background process in a session of its own, so the
// hangup that ends the terminal's session does not end it too.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
