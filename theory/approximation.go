package theory

// approximationClaims are the claims of the approximation family (filled in by its own file).
var approximationClaims = []Claim{}
