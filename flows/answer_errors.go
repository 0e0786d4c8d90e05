package flows

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// BusyError means a service said it is overloaded or rate-limiting us
// (HTTP 429 or 503), perhaps with when to come back.
type BusyError struct {
	Service string
	Status  int
	// RetryAfter is what the service's Retry-After asked for; zero when
	// it did not say, or said something unusable.
	RetryAfter time.Duration
}

// Error says the service is busy and when to try again.
func (e *BusyError) Error() string {
	when := "later"
	if e.RetryAfter > 0 {
		when = "in " + Span(max(e.RetryAfter, time.Second))
	}
	return fmt.Sprintf("%s is busy (HTTP %d); try again %s", e.Service, e.Status, when)
}

// maxRetryAfter bounds a Retry-After we pass on: a longer wait is not
// advice a person can use.
const maxRetryAfter = 24 * time.Hour

// retryAfter reads Retry-After as seconds or as an HTTP date; zero when
// absent, in the past or beyond a day.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 || n > int64(maxRetryAfter/time.Second) {
			return 0
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d <= 0 || d > maxRetryAfter {
		return 0
	}
	return d
}

// BrokenAnswerError means a service answered, but what came back was not
// HTTP we can read: a malformed status line, oversized headers, invalid
// gzip, a connection reset in the middle of the body. The network works;
// the service or a proxy in between does not.
type BrokenAnswerError struct {
	Service string
	// Cause is what net/http found wrong, cleaned like every other text
	// from a service (it may quote what the service sent).
	Cause string
}

// Error says the service answered, and how its answer was broken.
func (e *BrokenAnswerError) Error() string {
	return e.Service + " answered, but its answer was broken: " + e.Cause
}

// ExpiredTokenError means a service issued a token that had already
// expired by this machine's clock: one of the two clocks is wrong.
type ExpiredTokenError struct {
	Service   string
	ExpiredAt time.Time
}

// Error says when the token expired and suspects the clock.
func (e *ExpiredTokenError) Error() string {
	return fmt.Sprintf("%s issued a token that expired at %s (is your clock right?)",
		e.Service, e.ExpiredAt.UTC().Format("2006-01-02 15:04:05 UTC"))
}
