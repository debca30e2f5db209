"""The opening (开标): decrypting the sealed bids at the opening time, and the opening record."""
