package flows

// knownClaims lists the Entra ID v2 claims in the order we show them, with
// what each means in plain words.
var knownClaims = []struct{ name, meaning string }{
	{"aud", "who the token is for: the target app's client ID"},
	{"iss", "who issued it: Entra ID for this tenant"},
	{"idtyp", "token type: \"app\" means a machine token (no user)"},
	{"azp_name", "the caller app, as cluster:namespace:app"},
	{"azp", "the caller app's client ID"},
	{"azpacr", "how the caller proved who it is"},
	{"roles", "app roles the caller has on the target"},
	{"scp", "delegated scopes: what the app may do as the user"},
	{"NAVident", "the employee's NAV ident"},
	{"name", "the user's name"},
	{"preferred_username", "the user's login name"},
	{"groups", "group object IDs of the user that the target app knows"},
	{"oid", "object ID of the user, or of the service principal for machine tokens"},
	{"sub", "subject: who the token is about, unique per app"},
	{"iat", "issued at"},
	{"nbf", "not valid before"},
	{"exp", "expires at: the API refuses the token after this"},
	{"tid", "tenant ID: the Entra ID directory"},
	{"ver", "token format version"},
	{"aio", "Entra ID internal data"},
	{"rh", "Entra ID internal data (refresh hint)"},
	{"uti", "Entra ID internal: unique token ID"},
	{"amr", "how the user authenticated (e.g. pwd, mfa)"},
	{"acr", "authentication context class"},
	{"appid", "the caller app's client ID (v1 tokens)"},
	{"appidacr", "how the caller proved who it is (v1 tokens)"},
	{"given_name", "the user's first name"},
	{"family_name", "the user's last name"},
	{"upn", "the user's principal name"},
	{"unique_name", "a readable name for the user (v1 tokens)"},
	{"email", "the user's e-mail address"},
	{"xms_tcdt", "Entra ID internal: when the tenant was created"},
	{"sid", "the login session's ID"},
	{"jti", "unique token ID"},
}

var claimIndex = func() map[string]int {
	m := make(map[string]int, len(knownClaims))
	for i, c := range knownClaims {
		m[c.name] = i
	}
	return m
}()

func claimOrder(name string) int {
	if i, ok := claimIndex[name]; ok {
		return i
	}
	return len(knownClaims)
}

// ExplainClaim says what a claim means in plain words. A few meanings depend
// on the value (azpacr, ver); unknown claims get "".
func ExplainClaim(name string, value any) string {
	i, ok := claimIndex[name]
	if !ok {
		return ""
	}
	meaning := knownClaims[i].meaning
	v := FormatValue(value)
	switch name {
	case "azpacr", "appidacr":
		switch v {
		case "0":
			return meaning + ": 0 = public client, no secret"
		case "1":
			return meaning + ": 1 = client secret"
		case "2":
			return meaning + ": 2 = certificate or private key"
		}
	case "idtyp":
		if v != "app" {
			return "token type: " + v
		}
		return "token type: \"app\" = a machine token, no user"
	case "ver":
		return meaning + " (" + v + ")"
	case "roles":
		if list, ok := value.([]any); ok {
			for _, r := range list {
				if r == "access_as_application" {
					return meaning + "; access_as_application = any app the target allows"
				}
			}
		}
	}
	return meaning
}
