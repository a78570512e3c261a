"""Belanja Bareng's pages: the coordinator's (/jaringan/<slug>/belanja-bareng/…), a member cooperative's
(/k/<slug>/belanja-bareng/…) and the supplier's (/pemasok/belanja-bareng/…), one module each."""
