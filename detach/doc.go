// Package detach starts processes that outlive entratoken and the terminal
// it ran in: the clipboard clear a quitting UI leaves behind, and the
// sandbox that `entratoken sandbox --env` leaves serving.
package detach
