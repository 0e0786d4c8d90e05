//go:build unix

package detach

import "syscall"

// Attr puts the process in a session of its own, so the hangup that ends
// the terminal's session does not end it too, nor does ctrl+c there.
func Attr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
