MERGE INTO users KEY (id) VALUES (1, 'Ada Lovelace', 'gold'), (2, 'Grace Hopper', 'silver'), (3, 'Alan Turing', 'gold');
