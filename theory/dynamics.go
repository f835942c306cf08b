package theory

// dynamicsClaims are the claims of the dynamics family (filled in by its own file).
var dynamicsClaims = []Claim{}
