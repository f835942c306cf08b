package theory

// landscapeClaims are the claims of the landscape family (filled in by its own file).
var landscapeClaims = []Claim{}
