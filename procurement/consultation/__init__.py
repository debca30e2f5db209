"""Competitive consultation (竞争性磋商, 财库〔2014〕214号): the committee consults each qualified
supplier separately, sends any change of the requirements to every supplier still in, then invites
sealed final offers (最后报价), opened by the key holders like bids; scoring uses the final offers."""
