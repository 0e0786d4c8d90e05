package verify

import "time"

// State is the outcome of one check, or of a whole verification.
type State int

// The outcomes. The zero State is Unchecked, so a Report nobody filled in
// never reads as valid.
const (
	// Unchecked: the check could not be made (the keys were unreachable,
	// the check was cancelled); trying again later may tell.
	Unchecked State = iota
	// Valid: the check holds.
	Valid
	// Invalid: the check fails; the token will be refused.
	Invalid
	// Skipped: not asked for (the audience without --aud or --target);
	// it does not count towards the Report's State.
	Skipped
)

// String is the state in words, as the CLI prints it.
func (s State) String() string {
	switch s {
	case Valid:
		return "valid"
	case Invalid:
		return "invalid"
	case Skipped:
		return "not asked"
	}
	return "not checked"
}

// MarshalText gives the JSON value: valid, invalid, not_checked, skipped.
func (s State) MarshalText() ([]byte, error) {
	switch s {
	case Valid, Invalid:
		return []byte(s.String()), nil
	case Skipped:
		return []byte("skipped"), nil
	}
	return []byte("not_checked"), nil
}

// The checks a Report holds, in this order.
const (
	CheckSignature = "signature"
	CheckIssuer    = "issuer"
	CheckExpiry    = "expiry"
	CheckAudience  = "audience"
)

// Check is one thing verified about a token.
type Check struct {
	// Name is one of CheckSignature, CheckIssuer, CheckExpiry,
	// CheckAudience.
	Name  string `json:"name"`
	State State  `json:"state"`
	// Reason is a few words for a one-line display ("expired", "keys
	// unreachable"); empty when the check holds.
	Reason string `json:"reason,omitempty"`
	// Detail is the whole finding for one line of output, starting with
	// the state: "valid (kid …, keys of …)", "invalid: expired 3 min ago
	// (…)", "not checked: cannot reach …". It is Printable: issuer, kid
	// and audience come from the token.
	Detail string `json:"detail"`
}

// Report is everything a verification found. Verify always returns one:
// trouble fetching keys is a check that could not be made, not an error.
type Report struct {
	// State is Invalid when any check is Invalid, else Unchecked when any
	// is Unchecked, else Valid.
	State  State   `json:"state"`
	Checks []Check `json:"checks"`
	// Issuer and KeyID are the token's iss and kid, Printable.
	Issuer string `json:"issuer,omitempty"`
	KeyID  string `json:"kid,omitempty"`
	// KeysURL is the JWKS the signature was checked with, and KeysVia what
	// named it: "discovery" (from the issuer), or the environment
	// variable (AZURE_OPENID_CONFIG_JWKS_URI, AZURE_APP_WELL_KNOWN_URL).
	KeysURL string `json:"keys_url,omitempty"`
	KeysVia string `json:"keys_via,omitempty"`
	// KeysFetchedAt is when those keys were fetched (from the cache, an
	// earlier time).
	KeysFetchedAt time.Time `json:"keys_fetched_at,omitzero"`
	CheckedAt     time.Time `json:"checked_at"`
}

// Summary is the verdict in one line for a status bar: "valid: Entra ID
// keys", "invalid: expired", "not checked: keys unreachable".
func (r Report) Summary() string {
	if r.State == Valid {
		return "valid: " + r.Signer()
	}
	if why := r.Reason(); why != "" {
		return r.State.String() + ": " + why
	}
	return r.State.String()
}

// Signer says shortly whose keys the signature was checked with: "Entra
// ID keys", "keys of <issuer>" (another provider, by discovery) or "keys
// from AZURE_OPENID_CONFIG_JWKS_URI" (the environment's, e.g. the
// sandbox's); "" when no keys were used.
func (r Report) Signer() string {
	switch {
	case r.KeysVia == "":
		return ""
	case r.KeysVia != viaDiscovery:
		return "keys from " + r.KeysVia
	case entraTenant(r.Issuer) != "":
		return "Entra ID keys"
	}
	return "keys of " + r.Issuer
}

// Reason is the few words of the first check that makes the Report not
// valid ("expired", "keys unreachable"); "" for a valid one.
func (r Report) Reason() string {
	for _, c := range r.Checks {
		if r.State != Valid && c.State == r.State {
			return c.Reason
		}
	}
	return ""
}

// Check returns the check of that name.
func (r Report) Check(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// overall folds the checks into the Report's State.
func overall(checks []Check) State {
	s := Valid
	for _, c := range checks {
		switch c.State {
		case Invalid:
			return Invalid
		case Unchecked:
			s = Unchecked
		}
	}
	return s
}

// Without is the report without the named check, its State folded again
// from the checks left: the token screen leaves out the expiry of a token
// its countdown already shows as expired.
func (r Report) Without(name string) Report {
	checks := make([]Check, 0, len(r.Checks))
	for _, c := range r.Checks {
		if c.Name != name {
			checks = append(checks, c)
		}
	}
	r.Checks, r.State = checks, overall(checks)
	return r
}
