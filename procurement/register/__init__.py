"""The pilot register (issue 16): insured elevators, policies, claims, satisfaction ratings, and the
annual report of a district (Chongqing's 附件1 and 附件2) computed from them."""
