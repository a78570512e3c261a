"""The demo data `make run` shows a newcomer: a Kota Bandung business network, KUDs in Jawa Tengah, Koperasi
Kelurahan Merah Putih, Dinas offices, suppliers and one login per role."""
