"""Key holders (密钥持有人) and the tender keys they open together.

A tender's bids are encrypted in the bidder's browser to the tender's public key (`envelope`, twin of
`static/seal.js`); its private key exists only as k-of-n Shamir shares (`shamir`), each encrypted to a
holder's own key pair, whose private key is encrypted under the holder's passphrase (argon2id). The
server alone cannot open a bid: see docs/security.md, "Sealed bids".
"""
