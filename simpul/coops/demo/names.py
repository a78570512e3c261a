"""Invented words the demo data is built from. Places are real villages; people and firms are made up."""

# Words Indonesian (and Sundanese) cooperatives put in their names.
GOOD_WORDS = [
    "Sejahtera",
    "Mandiri",
    "Makmur",
    "Bersama",
    "Rahayu",
    "Mekar Jaya",
    "Harapan",
    "Sinergi",
    "Berkah",
    "Amanah",
    "Silih Asih",
    "Sugih Mukti",
    "Gotong Royong",
    "Sauyunan",
    "Mitra Usaha",
    "Karya Bakti",
    "Tunas Harapan",
    "Sumber Rejeki",
    "Maju Bersama",
    "Cahaya Abadi",
    "Wargi Mandiri",
    "Someah",
    "Sabilulungan",
    "Rukun Warga",
]

# Javanese names village unit cooperatives (KUD) in Jawa Tengah carry.
KUD_WORDS = [
    "Tani Makmur",
    "Sido Makmur",
    "Ngudi Rejeki",
    "Sri Rejeki",
    "Gemah Ripah",
    "Tani Mulyo",
    "Margo Mulyo",
    "Sumber Rejeki",
    "Karya Tani",
    "Mukti Tani",
]

ISLAMIC_WORDS = [
    "Al-Falah",
    "Al-Barokah",
    "At-Taqwa",
    "Baitul Ihsan",
    "Nurul Huda",
    "Darussalam",
    "Al-Ikhlas",
    "Mitra Ummat",
    "Amanah Ummah",
    "Al-Hikmah",
    "Nurul Iman",
    "Miftahul Ulum",
]

PRODUCTS = [
    "Tahu Tempe",
    "Kopi Gunung",
    "Rajutan",
    "Sepatu Kulit",
    "Kaos Sablon",
    "Batik Tulis",
    "Makanan Ringan",
    "Susu Segar",
    "Sayuran Organik",
    "Kerajinan Bambu",
    "Peuyeum",
    "Keripik Singkong",
]

STREETS = [
    "Melati",
    "Kenanga",
    "Cempaka",
    "Mawar",
    "Flamboyan",
    "Anggrek",
    "Dahlia",
    "Teratai",
    "Sukamulya",
    "Pasundan",
]

SCOPES = [
    "Belanja bersama kebutuhan pokok (beras, minyak goreng, gula) dan pembagian ongkos kirim antaranggota jaringan.",
    "Penjualan produk UMKM anggota di Koperasi Mart seluruh jaringan dengan sistem konsinyasi.",
    "Pengadaan bersama barang dagangan Koperasi Mart dan pertukaran data harga pemasok.",
    "Pemasaran bersama produk olahan anggota dan pelatihan pengelolaan toko koperasi.",
]

# Invented people for the demo logins: common given names, no real person's data.
PEOPLE = {
    "manager": "Rina Kusumawardani",
    "supervisor": "Hendra Permana",
    "cashier": "Neng Sulastri",
    "member": "Ujang Saepuloh",
    "coordinator": "Agus Kurniadi",
    "dinas_bandung": "Yanti Rahmawati",
    "dinas_jateng": "Sri Wahyuningsih",
    "supplier": "Fajar Nugroho",
    "platform_admin": "Admin Simpul",
    "partner_manager": "Dedi Supriatna",
}

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
